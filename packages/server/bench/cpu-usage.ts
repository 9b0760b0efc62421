// CPU time of a bench server process, asked for over IPC by load.ts around each measured run: "cpu-reset" starts a
// window, "cpu" answers the user and system microseconds spent since.
let since = process.cpuUsage();

/** Answers load.ts's CPU questions in this process. */
export function answerCpuQuestions(): void {
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'cpu-reset') {
      since = process.cpuUsage();
      process.send?.({ type: 'cpu-reset' });
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage(since);
      process.send?.({ type: 'cpu', user, system });
    }
  });
}
