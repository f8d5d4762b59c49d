import { useDirection } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Keeps Mantine's direction in step with the language (right-to-left scripts flip the layout). */
export function DirectionSync() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const dir = i18n.dir(i18n.language);
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}
