import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";

export function passesWord(count: number): string {
  return count === 1 ? "1 pass" : `${count.toLocaleString()} passes`;
}

/**
 * Asks before passes are deleted in Entra, naming how many. Removing is the focused choice: the
 * admin chose "Remove" a moment ago, and the dialog says it can't be undone.
 */
export function RemovePassesDialog(props: { count: number; open: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { count, open, onConfirm, onCancel } = props;
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Remove {passesWord(count)}?</DialogTitle>
          <DialogContent>
            {count === 1 ? "This pass stops working" : `These ${count.toLocaleString()} passes stop working`} at once: TAP Desk deletes
            {count === 1 ? " it" : " them"} in Entra. A user whose pass was replaced since keeps the newer one. This can't be undone; issue
            a new pass for anyone who still needs one.
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              Remove {passesWord(count)}
            </Button>
            <Button appearance="secondary" onClick={onCancel}>
              Keep {count === 1 ? "it" : "them"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
