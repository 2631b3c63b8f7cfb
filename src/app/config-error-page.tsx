import { Text } from "@fluentui/react-components";
import { UnsupportedCloudError, type RuntimeConfigError } from "../config/runtime-config";
import { NoticePage } from "../components/notice-page";

/** Shown instead of the app when /config.json is missing or wrong, naming the key to fix. */
export function ConfigErrorPage({ error }: { error: RuntimeConfigError }) {
  if (error instanceof UnsupportedCloudError) {
    return (
      <NoticePage title="TAP Desk is not available in this cloud" intent="error">
        <Text as="p" block>
          {error.message}
        </Text>
        <Text as="p" block>
          <code>config.json</code> names the {error.cloud} (in <code>{error.key}</code> or <code>authority</code>). If the
          tenant lives in another cloud, correct both there.
        </Text>
      </NoticePage>
    );
  }
  return (
    <NoticePage title="TAP Desk is not configured correctly" intent="error">
      <Text as="p" block>
        {error.key ? (
          <>
            Check <code>{error.key}</code> in <code>config.json</code>: {error.message}
          </>
        ) : (
          error.message
        )}
      </Text>
      <Text as="p" block>
        An administrator deploys <code>config.json</code> next to <code>index.html</code> with the tenant ID, the app's
        client ID and the redirect URI from its Entra app registration. See the README for the format.
      </Text>
    </NoticePage>
  );
}
