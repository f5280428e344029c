import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { connectLiveEvents, type LiveStatus } from './live-events';

/** Keeps the app's one live stream open while signed in; tells whether it is connected. */
export function useLiveEvents(enabled: boolean): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!enabled) return undefined;
    return connectLiveEvents(client, { onStatus: setStatus });
  }, [client, enabled]);
  return status;
}
