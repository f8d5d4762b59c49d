import { useTranslation } from "react-i18next";
import { AccessGate } from "../../../components/AccessGate.tsx";
import { usePermission } from "../../../components/Can.tsx";
import { AuditLogView } from "./AuditLogView.tsx";

/** `/admin/audit`: accounts, roles and sign-ins across the platform (administrators). */
export default function PlatformAuditPage() {
  const { t } = useTranslation();
  const allowed = usePermission()("user:manage");
  return (
    <AccessGate allowed={allowed}>
      <AuditLogView slug={null} title={t("audit.platformTitle")} intro={t("audit.platformIntro")} />
    </AccessGate>
  );
}
