import { useLocation } from 'react-router';

/** A message for the next page ("User added"), carried in the history entry's state. */
export interface Flash {
  flash?: string;
}

export function useFlash(): string | null {
  const location = useLocation();
  return (location.state as Flash | null)?.flash ?? null;
}
