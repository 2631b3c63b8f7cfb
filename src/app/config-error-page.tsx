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
          This comes from <code>{error.key}</code> and <code>authority</code> in <code>config.json</code>. If the tenant lives in another
          cloud, set both to that cloud's addresses (see the README).
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
        An administrator deploys <code>config.json</code> next to <code>index.html</code> with the tenant ID, the app's client ID and the
        redirect URI from its Entra app registration. See the README for the format.
      </Text>
    </NoticePage>
  );
}
