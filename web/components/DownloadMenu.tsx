import { Button, Menu } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../api/client.ts";

interface DownloadMenuProps {
  /** API path of the list, e.g. `/responses/rohingya/organisations`. */
  path: string;
  /** The current filter; the download holds the whole filtered list. */
  query?: Record<string, string | undefined>;
}

/** Download the list as CSV or HXL-tagged CSV (plain links: the browser saves the file). */
export function DownloadMenu({ path, query = {} }: DownloadMenuProps) {
  const { t } = useTranslation();
  const href = (format: "csv" | "hxl") => apiUrl(path, { ...query, format });
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default">{t("download.button")}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={href("csv")} download>
          {t("download.csv")}
        </Menu.Item>
        <Menu.Item component="a" href={href("hxl")} download>
          {t("download.hxl")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
