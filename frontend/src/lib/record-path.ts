import type { Notification } from '@/lib/api/types';

/** The page of the record a notification is about. */
export function recordPath(notification: Pick<Notification, 'record_type' | 'record_id' | 'case_id'>): string | null {
  switch (notification.record_type) {
    case 'audit':
      return `/audits/${notification.record_id}`;
    case 'escalation':
      return `/escalations/${notification.record_id}`;
    case 'action':
      return `/actions/${notification.record_id}`;
    case 'observation':
      return `/observations/${notification.record_id}`;
    case 'monitoring_form':
      return `/monitoring-forms/${notification.record_id}`;
    case 'feedback':
      return `/feedback/${notification.record_id}`;
    case 'case':
      return `/cases/${notification.record_id}`;
    default:
      return notification.case_id ? `/cases/${notification.case_id}` : null;
  }
}
