import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Runs on the builds (`dist/*.d.ts`, where every declaration is annotated), as a host's editor reads them.
const root = new URL('..', import.meta.url).pathname;
const PUBLIC_ENTRIES = [
  'packages/core/dist/index.d.ts',
  'packages/core/dist/client-entry.d.ts',
  'packages/core/dist/protocol-entry.d.ts',
  'packages/core/dist/testing/index.d.ts',
  'packages/react/dist/index.d.ts',
  'packages/react/dist/components.d.ts',
].map((file) => join(root, file));

/**
 * The named types of our packages that a public export mentions (its props, options, results, and the types those
 * mention in turn), mapped to where they are first met.
 */
function referencedTypes(program: ts.Program): Map<string, string> {
  const checker = program.getTypeChecker();
  const seen = new Set<ts.Symbol>();
  const found = new Map<string, string>();
  const resolve = (symbol: ts.Symbol | undefined) =>
    symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const visit = (symbol: ts.Symbol, from: string) => {
    if (seen.has(symbol)) return;
    seen.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const file = declaration.getSourceFile().fileName;
      if (!file.includes('/packages/') || file.includes('/node_modules/')) continue;
      if (ts.isTypeParameterDeclaration(declaration)) continue;
      // A value named in a type (`typeof CITATION_KINDS`) needs no export of its own: the type naming it does.
      if (symbol.flags & ts.SymbolFlags.Type) found.set(symbol.name, from);
      const walk = (node: ts.Node) => {
        if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
          const name = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
          const target = resolve(checker.getSymbolAtLocation(name));
          if (target) visit(target, `${from} → ${symbol.name}`);
        }
        if (ts.isTypeQueryNode(node)) {
          const target = resolve(checker.getSymbolAtLocation(node.exprName));
          if (target) visit(target, `${from} → ${symbol.name}`);
        }
        ts.forEachChild(node, walk);
      };
      walk(declaration);
    }
  };
  for (const entry of PUBLIC_ENTRIES) {
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    for (const exported of module ? checker.getExportsOfModule(module) : []) {
      const target = resolve(exported);
      if (target) visit(target, exported.name);
    }
  }
  return found;
}

describe('public types', () => {
  it('exports every type a public export mentions, so a host can name it', { timeout: 60_000 }, () => {
    const program = ts.createProgram(PUBLIC_ENTRIES, {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const publicNames = new Set(
      PUBLIC_ENTRIES.flatMap((entry) => {
        const source = program.getSourceFile(entry);
        const module = source && checker.getSymbolAtLocation(source);
        return module ? checker.getExportsOfModule(module).map((symbol) => symbol.name) : [];
      }),
    );
    expect(publicNames.size).toBeGreaterThan(80);
    const missing = [...referencedTypes(program)]
      .filter(([name]) => !publicNames.has(name))
      .map(([name, from]) => `${name} (via ${from})`);
    expect(missing).toEqual([]);
  });
});
