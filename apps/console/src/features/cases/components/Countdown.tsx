import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { countdown, type Deadline } from '../../../lib/countdown';
import { useNow } from '../../../shared/use-now';

const COLOURS = {
  neutral: 'default',
  warning: 'orange',
  breached: 'red',
  paused: 'blue',
  met: 'green',
  none: 'default',
};

/** A deadline counting down: neutral, amber from the warning point, red and counting up once breached. */
export function Countdown({ deadline }: { deadline: Deadline }) {
  const { t } = useTranslation();
  const now = useNow();
  const c = countdown(deadline, now, t('common.days'));
  if (!c.text) return null;
  return (
    <Tag
      color={COLOURS[c.tone]}
      data-tone={c.tone}
      style={{ fontVariantNumeric: 'tabular-nums', fontSize: 14 }}
    >
      <span role="timer" aria-label={c.tone === 'breached' ? t('commitmentStatus.breached') : undefined}>
        {c.text}
      </span>
    </Tag>
  );
}
