import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';

/** The public view's answers; the server and the browser cache them (ETag), so they are cheap to ask again. */
export const useOverview = () =>
  useQuery({
    queryKey: ['transparency', 'overview'],
    queryFn: () => ok(api.GET('/api/public/transparency')),
  });

export const usePublicSite = (code: string) =>
  useQuery({
    queryKey: ['transparency', 'site', code],
    queryFn: () => ok(api.GET('/api/public/transparency/sites/{code}', { params: { path: { code } } })),
  });

export const usePublicIncidents = () =>
  useQuery({
    queryKey: ['transparency', 'incidents'],
    queryFn: () => ok(api.GET('/api/public/transparency/incidents')),
  });

export const useDictionary = () =>
  useQuery({
    queryKey: ['transparency', 'dictionary'],
    queryFn: () => ok(api.GET('/api/public/transparency/dictionary')),
  });

/** "2026-H1" as its year and half. */
export const halfOf = (period: string) => {
  const [year, half] = period.split('-H');
  return { year, half };
};
