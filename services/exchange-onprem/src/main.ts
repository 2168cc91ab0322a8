import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { runMain } from '../../../shared/service/run.ts';
import { exchangeOnpremService } from './app.ts';

// A malformed seed (LAB_SEED) surfaces while the app is built: report it like any bad setting.
try {
  await runMain(exchangeOnpremService, process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`exchange-onprem: ${error.message}`);
  process.exit(2);
}
