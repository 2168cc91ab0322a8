import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { runMain } from '../../../shared/service/run.ts';
import { adfsServiceFrom } from './app.ts';

try {
  await runMain(adfsServiceFrom(process.env), process.env);
} catch (error) {
  // A bad LAB_ADFS_* setting: name it and stop, as every service does.
  if (!(error instanceof ConfigError)) throw error;
  console.error(`adfs: ${error.message}`);
  process.exit(2);
}
