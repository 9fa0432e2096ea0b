import { keepHeapSmall } from './cli/heap.js';
import { runCli } from './cli/program.js';

keepHeapSmall();

// Ctrl-C (or a service manager's SIGTERM) stops the command cleanly: listings print what they have,
// the emulator closes its server. A second signal exits at once.
const interrupt = new AbortController();
const onSignal = () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal });
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
