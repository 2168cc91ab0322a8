import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { runMain } from '../../../shared/service/run.ts';
import { exchangeOnlineService } from './app.ts';

// A malformed seed (LAB_SEED) surfaces while the app is built: report it like any bad setting.
try {
  await runMain(exchangeOnlineService, process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`exchange-online: ${error.message}`);
  process.exit(2);
}
