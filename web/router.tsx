import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { AppLayout } from "./components/layout/AppLayout.tsx";
import { PageLoader } from "./components/PageLoader.tsx";
import { RouteError } from "./components/RouteError.tsx";

/** Each page is its own chunk, fetched when first visited. */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    HydrateFallback: PageLoader,
    children: [
      { index: true, ...page(() => import("./pages/landing/LandingPage.tsx")) },
      { path: "sign-in", ...page(() => import("./pages/sign-in/SignInPage.tsx")) },
      { path: "reset-password", ...page(() => import("./pages/reset-password/ResetPasswordPage.tsx")) },
      { path: "admin/users", ...page(() => import("./pages/admin/users/UsersPage.tsx")) },
      { path: "admin/audit", ...page(() => import("./pages/admin/audit/PlatformAuditPage.tsx")) },
      {
        path: "r/:slug",
        children: [
          { index: true, ...page(() => import("./pages/response-home/ResponseHomePage.tsx")) },
          { path: "locations", ...page(() => import("./pages/locations/LocationsPage.tsx")) },
          { path: "organisations", ...page(() => import("./pages/organisations/OrganisationsPage.tsx")) },
          { path: "sectors", ...page(() => import("./pages/sectors/SectorsPage.tsx")) },
          { path: "sectors/:code", ...page(() => import("./pages/sectors/SectorDetailPage.tsx")) },
          { path: "structure", ...page(() => import("./pages/structure/StructurePage.tsx")) },
          {
            path: "structure/representation",
            ...page(() => import("./pages/structure/RepresentationPage.tsx")),
          },
          { path: "structure/:platformId", ...page(() => import("./pages/structure/PlatformPage.tsx")) },
          { path: "events", ...page(() => import("./pages/events/CalendarPage.tsx")) },
          { path: "events/:eventId", ...page(() => import("./pages/events/EventPage.tsx")) },
          { path: "activities", ...page(() => import("./pages/activities/ActivitiesPage.tsx")) },
          { path: "activities/import", ...page(() => import("./pages/imports/ImportWizardPage.tsx")) },
          { path: "activities/new", ...page(() => import("./pages/activity-form/ActivityFormPage.tsx")) },
          {
            path: "activities/:id/edit",
            ...page(() => import("./pages/activity-form/ActivityFormPage.tsx")),
          },
          { path: "review", ...page(() => import("./pages/review/ReviewPage.tsx")) },
          {
            path: "my-organisation",
            ...page(() => import("./pages/my-organisation/MyOrganisationPage.tsx")),
          },
          { path: "contacts", ...page(() => import("./pages/contacts/ContactsPage.tsx")) },
          { path: "confirm-contact", ...page(() => import("./pages/contacts/ConfirmContactPage.tsx")) },
          { path: "practices", ...page(() => import("./pages/practices/PracticesPage.tsx")) },
          { path: "practices/new", ...page(() => import("./pages/practices/PracticeFormPage.tsx")) },
          { path: "practices/review", ...page(() => import("./pages/practices/PracticeQueuePage.tsx")) },
          { path: "practices/mine", ...page(() => import("./pages/practices/PracticeQueuePage.tsx")) },
          { path: "practices/:id", ...page(() => import("./pages/practices/PracticePage.tsx")) },
          { path: "practices/:id/edit", ...page(() => import("./pages/practices/PracticeFormPage.tsx")) },
          { path: "documents", ...page(() => import("./pages/documents/DocumentsPage.tsx")) },
          { path: "documents/:id", ...page(() => import("./pages/documents/DocumentPage.tsx")) },
          { path: "news", ...page(() => import("./pages/news/NewsPage.tsx")) },
          { path: "news/new", ...page(() => import("./pages/news/StoryEditorPage.tsx")) },
          { path: "news/:id", ...page(() => import("./pages/news/StoryPage.tsx")) },
          { path: "news/:id/edit", ...page(() => import("./pages/news/StoryEditorPage.tsx")) },
          { path: "dashboard", ...page(() => import("./pages/analysis/DashboardPage.tsx")) },
          { path: "map", ...page(() => import("./pages/analysis/MapPage.tsx")) },
          { path: "gaps", ...page(() => import("./pages/analysis/GapsPage.tsx")) },
          { path: "duplication", ...page(() => import("./pages/analysis/DuplicationPage.tsx")) },
          { path: "places/:locationId", ...page(() => import("./pages/analysis/LocationProfilePage.tsx")) },
          { path: "search", ...page(() => import("./pages/search/SearchPage.tsx")) },
          { path: "audit", ...page(() => import("./pages/admin/audit/ResponseAuditPage.tsx")) },
        ],
      },
      { path: "*", ...page(() => import("./pages/not-found/NotFoundPage.tsx")) },
    ],
  },
]);
