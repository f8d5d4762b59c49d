import {
  Alert,
  Button,
  Container,
  List,
  Paper,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { confirmationInput } from "../../../common/schemas/contacts.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageLoader } from "../../components/PageLoader.tsx";
import { useFormat } from "../../i18n/format.ts";
import { orNull, useFormState, validate } from "../../lib/form.ts";
import { useConfirmationView, useConfirmContact } from "./api.ts";

/**
 * `/r/:slug/confirm-contact?token=…`: public. The person named in a contact list checks their
 * entry and confirms it, correcting what is wrong; the link works once.
 */
export default function ConfirmContactPage() {
  const { slug = "" } = useParams();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { t } = useTranslation();
  const format = useFormat();
  const view = useConfirmationView(slug, token);
  const confirm = useConfirmContact(slug);
  const form = useFormState({ name: "", title: "", email: "", phones: [] as string[] });
  const { reset } = form;

  useEffect(() => {
    if (view.data)
      reset({
        name: view.data.name,
        title: view.data.title ?? "",
        email: view.data.email,
        phones: view.data.phones,
      });
  }, [view.data, reset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(confirmationInput, { token, ...form.values, title: orNull(form.values.title) });
    if (checked.errors) return form.setErrors(checked.errors);
    confirm.mutate(checked.data, { onError: form.fromServer });
  };

  let body: React.ReactNode;
  if (!token) body = <Alert color="orange">{t("contacts.confirm.missingToken")}</Alert>;
  else if (view.isPending) body = <PageLoader />;
  else if (view.error) body = <ErrorAlert error={view.error} />;
  else if (confirm.isSuccess)
    body = (
      <Alert color="teal" variant="light" role="status" title={t("contacts.confirm.doneTitle")}>
        {t("contacts.confirm.done")}
      </Alert>
    );
  else {
    const v = form.values;
    const d = view.data;
    body = (
      <form onSubmit={submit} noValidate ref={form.ref}>
        <Stack>
          <Text>{t("contacts.confirm.intro", { response: d.responseName })}</Text>
          <Text size="sm" c="dimmed">
            {t("contacts.confirm.expires", { date: format.date(d.expiresAt) })}
          </Text>
          {confirm.error && <ErrorAlert error={confirm.error} />}
          <TextInput
            label={t("contacts.name")}
            required
            value={v.name}
            onChange={(e) => form.set("name", e.currentTarget.value)}
            error={form.errors.name}
          />
          <TextInput
            label={t("contacts.jobTitle")}
            value={v.title}
            onChange={(e) => form.set("title", e.currentTarget.value)}
            error={form.errors.title}
          />
          <TextInput
            label={t("contacts.email")}
            type="email"
            required
            value={v.email}
            onChange={(e) => form.set("email", e.currentTarget.value)}
            error={form.errors.email}
          />
          <TagsInput
            label={t("contacts.phones")}
            description={t("contacts.phonesHint")}
            value={v.phones}
            onChange={(value) => form.set("phones", value)}
            error={Object.entries(form.errors).find(([k]) => k.startsWith("phones"))?.[1]}
            splitChars={[","]}
            acceptValueOnBlur
          />
          <div>
            <Text size="sm" fw={500}>
              {t("contacts.organisation")}
            </Text>
            <Text size="sm">{d.organisation}</Text>
          </div>
          {d.platforms.length > 0 && (
            <div>
              <Text size="sm" fw={500}>
                {t("contacts.platforms")}
              </Text>
              <List size="sm">
                {d.platforms.map((p) => (
                  <List.Item key={p.name}>
                    {p.name} · {t(`contacts.role.${p.role}`)}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          <Text size="xs" c="dimmed">
            {t("contacts.confirm.otherChanges")}
          </Text>
          <Button type="submit" loading={confirm.isPending} w="fit-content">
            {t("contacts.confirm.submit")}
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <Container size={560} py="xl">
      <Title order={1} mb="lg">
        {t("contacts.confirm.title")}
      </Title>
      <Paper withBorder shadow="xs" p="lg">
        {body}
      </Paper>
    </Container>
  );
}
