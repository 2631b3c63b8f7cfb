import type { ComponentProps } from "react";
import { onDemand } from "../components/on-demand";
import type { IssuanceProgress as IssuanceProgressScreen } from "../features/issuance/issuance-progress";
import type { PassSettingsForm as PassSettingsFormScreen } from "../features/pass-settings/pass-settings-form";
import type {
  PreflightProgressView as PreflightProgressScreen,
  PreflightReview as PreflightReviewScreen,
} from "../features/preflight/preflight-review";
import type { PassCard as PassCardScreen } from "../features/results/pass-card";
import type { ResultsView as ResultsScreen } from "../features/results/results-view";

/*
 * The screens after the pick step (preflight, settings, progress, results) hold most of the flow's
 * code (tables, tabs, dialogs, virtual lists). They load on demand so the first screen paints sooner;
 * each shows a labelled spinner in its own place while its code arrives.
 */

const loadPreflight = () => import("../features/preflight/preflight-review");
const loadResults = () => import("../features/results/results-view");

export const PreflightProgressView = onDemand<ComponentProps<typeof PreflightProgressScreen>>(
  async () => (await loadPreflight()).PreflightProgressView,
  "Loading the check…",
);
export const PreflightReview = onDemand<ComponentProps<typeof PreflightReviewScreen>>(
  async () => (await loadPreflight()).PreflightReview,
  "Loading the check…",
);
export const PassSettingsForm = onDemand<ComponentProps<typeof PassSettingsFormScreen>>(
  async () => (await import("../features/pass-settings/pass-settings-form")).PassSettingsForm,
  "Loading pass settings…",
);
export const IssuanceProgress = onDemand<ComponentProps<typeof IssuanceProgressScreen>>(
  async () => (await import("../features/issuance/issuance-progress")).IssuanceProgress,
  "Loading progress…",
);
export const ResultsView = onDemand<ComponentProps<typeof ResultsScreen>>(
  async () => (await loadResults()).ResultsView,
  "Loading results…",
);
export const PassCard = onDemand<ComponentProps<typeof PassCardScreen>>(
  async () => (await import("../features/results/pass-card")).PassCard,
  "Loading the pass…",
);
