export {
  createMockTransport,
  type MockOutcome,
  type MockScenario,
  type MockTransport,
  type MockTransportCall,
  type MockTransportOptions,
  mockError,
} from './mock-transport';
