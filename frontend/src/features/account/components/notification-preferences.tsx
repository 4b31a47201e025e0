import { useState, type SyntheticEvent } from 'react';
import { Button, Checkboxes, ErrorSummary, InsetText } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { useFormErrors } from '@/components/use-form-errors';
import type { NotificationPreferences } from '@/lib/api/types';
import { formErrorsFromError } from '@/lib/form-errors';
import { useNotificationPreferences, useSaveNotificationPreferences } from '../api/use-me';

/**
 * Per kind of notification, whether it comes in the app only or by e-mail too. Every
 * notification is in the app; e-mails name only the kind of event and link here.
 */
export function NotificationPreferencesSection() {
  const preferences = useNotificationPreferences();
  return (
    <section className="app-audit-section" aria-labelledby="preferences-heading">
      <h2 className="govuk-heading-l" id="preferences-heading">
        Notifications by e-mail
      </h2>
      {preferences.isError ? (
        <p className="govuk-body">Your notification choices could not be shown. Try again later.</p>
      ) : !preferences.data ? (
        <Loading />
      ) : (
        <PreferencesForm preferences={preferences.data} />
      )}
    </section>
  );
}

function PreferencesForm({ preferences }: { preferences: NotificationPreferences }) {
  const save = useSaveNotificationPreferences();
  const form = useFormErrors();
  const [email, setEmail] = useState(() => preferences.items.filter((item) => item.email).map((item) => item.kind));
  const [saved, setSaved] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    setSaved(false);
    save.mutate(Object.fromEntries(preferences.items.map((item) => [item.kind, email.includes(item.kind)])), {
      onSuccess: () => {
        form.clear();
        setSaved(true);
      },
      onError: (error) => form.show(formErrorsFromError(error, {})),
    });
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="preferences-heading">
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <p className="govuk-body">
        Every notification is shown here in the app. You can have some sent to your work e-mail address too: the e-mail says only what kind of thing happened, with a
        link to it, never a child’s name or what was written.
      </p>
      {preferences.email_available ? (
        <InsetText>An urgent notification, such as a high safeguarding alert on a case you work with, always comes by e-mail too.</InsetText>
      ) : (
        <InsetText>E-mail is not switched on for this service yet, so every notification comes in the app only. Your choices are kept for when it is.</InsetText>
      )}
      <Checkboxes
        idPrefix="email"
        legend="Which notifications should also come by e-mail?"
        legendSize="s"
        hint="Those left unticked come in the app only."
        small
        items={preferences.items.map((item) => ({ value: item.kind, text: item.description }))}
        values={email}
        onChange={setEmail}
      />
      <div role="status" className="app-inline-confirmation">
        {saved ? <p className="govuk-body govuk-!-font-weight-bold">Your choices have been saved.</p> : null}
      </div>
      <Button>Save choices</Button>
    </form>
  );
}
