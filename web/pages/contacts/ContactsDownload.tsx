import { Button, Menu } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../api/client.ts";
import { type ContactFilter, contactsPath } from "./api.ts";

interface Props {
  slug: string;
  /** The current filter (a platform's list on its page); the download holds the whole filtered list. */
  filter: ContactFilter;
  label?: string;
}

/** The filtered list as CSV (for spreadsheets) or vCard (for address books); plain links, the browser saves. */
export function ContactsDownload({ slug, filter, label }: Props) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default">{label ?? t("contacts.download")}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(["csv", "vcf"] as const).map((format) => (
          <Menu.Item
            key={format}
            component="a"
            href={apiUrl(contactsPath(slug), { ...filter, format })}
            download
          >
            {t(`contacts.format.${format}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
