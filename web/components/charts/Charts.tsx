// The chart library and its styles, in the chunks of the pages that draw charts only.
import "@mantine/charts/styles.css";

export { BarChart, LineChart } from "@mantine/charts";

/** Colours for series, in order (Mantine palette names, readable on white). */
export const seriesColors = [
  "blue.6",
  "orange.6",
  "teal.6",
  "grape.6",
  "red.6",
  "cyan.7",
  "lime.7",
  "pink.6",
];
