import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useResponse } from "../../../api/responses.ts";
import { AccessGate } from "../../../components/AccessGate.tsx";
import { usePermission } from "../../../components/Can.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageLoader } from "../../../components/PageLoader.tsx";
import { AuditLogView } from "./AuditLogView.tsx";

/** `/r/:slug/audit`: every change to the response's data (administrators, response managers). */
export default function ResponseAuditPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  const response = useResponse(slug);
  const allowed = usePermission();
  if (response.error) return <ErrorAlert error={response.error} />;
  if (!response.data) return <PageLoader />;
  return (
    <AccessGate allowed={allowed("audit:read", { responseId: response.data.id })}>
      <AuditLogView
        slug={slug}
        title={t("audit.title")}
        intro={t("audit.intro", { name: response.data.name })}
      />
    </AccessGate>
  );
}
