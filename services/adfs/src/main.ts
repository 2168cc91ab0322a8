import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { runMain } from '../../../shared/service/run.ts';
import { createAdfsService } from './app.ts';
import { loadAdfsConfig } from './config.ts';

try {
  await runMain(createAdfsService({ config: loadAdfsConfig(process.env) }), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`adfs: ${error.message}`);
  process.exit(2);
}
