import { runMain } from '../../../shared/service/run.ts';
import { azureAuthService } from './app.ts';

await runMain(azureAuthService, process.env);
