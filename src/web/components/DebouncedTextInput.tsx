import { useState, type ReactNode } from 'react';
import { CloseButton, TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

interface DebouncedTextInputProps extends Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> {
  /** The committed value (from the URL). */
  value: string;
  /** Called with the typed text after a pause in typing, on Enter, and when cleared. */
  onCommit: (value: string) => void;
  delay?: number;
  /** Keeps only characters accepted by this pattern (e.g. digits for RT/RW). */
  allow?: RegExp;
  leftSection?: ReactNode;
}

/**
 * A text input that commits after a pause in typing, so that each keystroke does not trigger a
 * request, and that follows the committed value when it changes from outside (the back button).
 */
export function DebouncedTextInput({
  value,
  onCommit,
  delay = 350,
  allow,
  ...props
}: DebouncedTextInputProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [committed, setCommitted] = useState(value);
  if (value !== committed) {
    setCommitted(value);
    setText(value);
  }

  const commit = (next: string) => {
    const trimmed = next.trim();
    if (trimmed === committed) return;
    setCommitted(trimmed);
    onCommit(trimmed);
  };
  const debounced = useDebouncedCallback(commit, delay);

  return (
    <TextInput
      {...props}
      value={text}
      onChange={(event) => {
        let next = event.currentTarget.value;
        if (allow) next = [...next].filter((ch) => allow.test(ch)).join('');
        setText(next);
        debounced(next);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          debounced.cancel();
          commit(text);
        }
      }}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label={t('common.clear')}
            onClick={() => {
              debounced.cancel();
              setText('');
              commit('');
            }}
          />
        ) : undefined
      }
    />
  );
}
