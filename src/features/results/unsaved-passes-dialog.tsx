import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";

export interface UnsavedPassesDialogProps {
  open: boolean;
  /** "Finish without saving the passes?", "Sign out without saving the passes?" */
  title: string;
  /** The destructive choice: "Clear the passes and finish". */
  leaveLabel: string;
  onStay: () => void;
  onLeave: () => void;
}

/**
 * The one question asked before passes nobody exported, copied or printed leave the page (Done,
 * sign-out). Staying is the primary choice: a slip of Enter must not lose a pass.
 */
export function UnsavedPassesDialog({ open, title, leaveLabel, onStay, onLeave }: UnsavedPassesDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onStay()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>You haven't exported, copied or printed these passes. They can't be shown again.</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onStay}>
              Go back
            </Button>
            <Button appearance="secondary" onClick={onLeave}>
              {leaveLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
