import { NotificationBanner as GovukNotificationBannerJs } from 'govuk-frontend';
import { useId, type ReactNode } from 'react';
import { cx, useGovukComponent } from './use-govuk-component';

/**
 * GOV.UK notification banner. A `success` banner is announced (role alert) and takes focus,
 * as GOV.UK Frontend's script does for it.
 */
export function NotificationBanner({
  type,
  title,
  heading,
  children,
}: {
  type?: 'success';
  title?: string;
  heading?: ReactNode;
  children?: ReactNode;
}) {
  const ref = useGovukComponent<HTMLDivElement>(GovukNotificationBannerJs);
  const titleId = useId();
  const success = type === 'success';
  return (
    <div
      ref={ref}
      className={cx('govuk-notification-banner', success && 'govuk-notification-banner--success')}
      role={success ? 'alert' : 'region'}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {title ?? (success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        {heading ? <p className="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}
