import type { ReactNode } from 'react';
import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

export interface FormDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  testId: string;
  children: ReactNode;
}

/** The dialog around a form (a merge, an edit): wide on a desktop, full screen on a phone. */
export function FormDialog({ opened, onClose, title, testId, children }: FormDialogProps) {
  const isPhone = useMediaQuery('(max-width: 47.99em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={isPhone}
      data-testid={testId}
    >
      {children}
    </Modal>
  );
}
