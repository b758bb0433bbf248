export { createAdvisor, type Advisor } from "./advisor.ts";
export { defineConfig, loadConfig, redactedConfig, type Config, ConfigError } from "./config.ts";
export { consult, advisorPrompt, type ConsultDeps, type ConsultRequest } from "./consult.ts";
export {
  AdvisorError,
  ADVISOR_ERROR_CODES,
  NO_MODEL_HELP,
  type AdvisorErrorCode,
} from "./errors.ts";
export { createChainReader, type ChainReader } from "./grounding/chain-reader.ts";
export { createCoordinatorClient, type CoordinatorClient } from "./grounding/coordinator-client.ts";
export { ConsultationStore } from "./history/consultation-store.ts";
export type { Consultation, ConsultationSummary } from "./history/consultation.ts";
export { createHttpApp, listen, type HttpApp, type Listening } from "./http.ts";
export { createMetrics, type AdvisorMetrics } from "./metrics.ts";
export { providerModel } from "./model/provider-model.ts";
export type { Model, ModelAnswer, ModelRequest } from "./model/model.ts";
export { PERSONAS, PERSONA_IDS, type Persona, type PersonaId } from "./personas.ts";
export { createAdvisorServer, SERVER_NAME, SERVER_VERSION, type ServerDeps } from "./server.ts";
