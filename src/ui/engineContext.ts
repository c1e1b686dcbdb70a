import { createContext, useContext } from 'react';
import type { EngineClient } from '../client/engineClient';

/** The engine client, for controls that send actions (play, pause, reset) rather than config. */
export const EngineContext = createContext<EngineClient | null>(null);

export function useEngine(): EngineClient {
  const client = useContext(EngineContext);
  if (!client) throw new Error('useEngine outside EngineContext');
  return client;
}
