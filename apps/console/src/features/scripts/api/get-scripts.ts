import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';

export type StandardPhrase = Schemas['StandardPhraseDto'];
export type ServiceType = Schemas['ServiceTypeDto'];

/** The standard phrase for each situation of a call (GET /api/standard-phrases). */
export function useStandardPhrases(enabled = true) {
  return useQuery({
    queryKey: ['standard-phrases'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/standard-phrases')),
    staleTime: 5 * 60_000,
  });
}

/** Per service type: documents, forms, what to tell the customer (GET /api/service-catalogue). */
export function useServiceCatalogue(enabled = true) {
  return useQuery({
    queryKey: ['service-catalogue'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/service-catalogue')),
    staleTime: 5 * 60_000,
  });
}
