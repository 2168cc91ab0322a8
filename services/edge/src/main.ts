import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { runMain } from '../../../shared/service/run.ts';
import { loadEdgeConfig } from './config.ts';
import { edgeService } from './app.ts';

try {
  await runMain(edgeService(loadEdgeConfig(process.env)), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`edge: ${error.message}`);
  process.exit(2);
}
