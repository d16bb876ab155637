/**
 * The reqtrace command line's entry point: runs the commands (./commands.ts) on this process's
 * arguments, folder and streams, and sets the exit code.
 */
import { main } from './commands';

// A reader that stops early (`reqtrace check | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reqtrace: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
