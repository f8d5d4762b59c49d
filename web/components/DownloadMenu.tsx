import { Button, Menu } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../api/client.ts";

export type DownloadFormat = "xlsx" | "csv" | "hxl";

interface DownloadMenuProps {
  /** API path of the list, e.g. `/responses/rohingya/organisations`. */
  path: string;
  /** The current filter; the download holds the whole filtered list. */
  query?: Record<string, string | undefined>;
  /** The formats the list offers, in menu order (every list has CSV and HXL; some also XLSX). */
  formats?: DownloadFormat[];
}

/** Download the list as CSV, HXL-tagged CSV or XLSX (plain links: the browser saves the file). */
export function DownloadMenu({ path, query = {}, formats = ["csv", "hxl"] }: DownloadMenuProps) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default">{t("download.button")}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {formats.map((format) => (
          <Menu.Item key={format} component="a" href={apiUrl(path, { ...query, format })} download>
            {t(`download.${format}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
