import { ConfigError } from '../../../shared/errors/lab-error.ts';
import { runMain } from '../../../shared/service/run.ts';
import { createAzureAuthService } from './app.ts';
import { loadAzureAuthConfig } from './config.ts';

try {
  await runMain(createAzureAuthService(loadAzureAuthConfig(process.env)), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`azure-auth: ${error.message}`);
  process.exit(2);
}
