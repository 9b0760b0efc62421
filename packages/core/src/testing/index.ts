export {
  createMockTransport,
  type MockOutcome,
  type MockTransport,
  type MockTransportCall,
  type MockTransportOptions,
} from './mock-transport';
