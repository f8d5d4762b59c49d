import { useOrganisations } from "../../api/organisations.ts";
import { orgLabel } from "./labels.ts";

/** Every organisation of the response as select options (a response has tens, at most hundreds). */
export function useOrganisationOptions(slug: string) {
  const organisations = useOrganisations(slug, { limit: 500 });
  return (organisations.data?.items ?? []).map((o) => ({ value: o.id, label: orgLabel(o) }));
}
