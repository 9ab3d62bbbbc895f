import type { ServiceConfig, SignpostingConfig } from '../config/service-schema';

/** The service facts the wording needs: name, privacy notice, retention, and the signposting numbers. */
export type ServiceInfo = ServiceConfig['service'] & { signposting: SignpostingConfig };
