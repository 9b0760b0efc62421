// Reached only through the `browser` export condition: code bundled for a browser imported @seedance-kit/server.
// The specifier below cannot resolve, so the bundler stops the build and prints it, which says what to do. (Re-exported
// rather than imported, so that bundlers resolve it before they look for the names the importer asked for.)
export * from '@seedance-kit/server holds your Segmind key and runs only on a server: import it from server code (a route handler, a Server Component, your backend), never from a client component or a browser bundle';
