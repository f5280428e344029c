import { Card, Collapse, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServiceCatalogue, useStandardPhrases } from '../api/get-scripts';
import { fillPhrase } from './fill-phrase';

/**
 * What the operator says and collects at intake: the standard phrase for each situation of the call, in
 * the console's language, and the chosen service type's checklist.
 */
export function ScriptsPanel({ operatorNo }: { operatorNo?: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  // Read when the operator opens a part, not with the form: the intake page loads no more than before.
  const [open, setOpen] = useState<string[]>([]);
  const phrases = useStandardPhrases(open.includes('phrases'));
  const catalogue = useServiceCatalogue(open.includes('checklist'));
  const [serviceType, setServiceType] = useState<string>();
  const chosen = catalogue.data?.find((s) => s.serviceType === serviceType) ?? catalogue.data?.[0];

  return (
    <Card title={t('scripts.title')} size="small" style={{ maxWidth: 960, marginTop: 16 }}>
      <Collapse
        size="small"
        activeKey={open}
        onChange={(keys) => setOpen(Array.isArray(keys) ? keys.map(String) : [String(keys)])}
        items={[
          {
            key: 'phrases',
            label: t('scripts.phrases'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                {(phrases.data ?? []).map((p) => (
                  <div key={p.situation}>
                    <Typography.Text strong>{t(`scripts.situation.${p.situation}`)}</Typography.Text>
                    <Typography.Paragraph style={{ marginBottom: 0 }}>
                      {fillPhrase(p[language].text, { operatorNo, waitSeconds: p.maxWaitSeconds })}
                    </Typography.Paragraph>
                  </div>
                ))}
              </Space>
            ),
          },
          {
            key: 'checklist',
            label: t('scripts.checklist'),
            children: chosen && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select
                  aria-label={t('scripts.serviceType')}
                  value={chosen.serviceType}
                  onChange={setServiceType}
                  style={{ minWidth: 200 }}
                  options={(catalogue.data ?? []).map((s) => ({
                    value: s.serviceType,
                    label: s[language].name,
                  }))}
                />
                {(['documents', 'forms', 'tellCustomer'] as const).map((part) => (
                  <div key={part}>
                    <Typography.Text strong>{t(`scripts.${part}`)}</Typography.Text>
                    <ul style={{ margin: 0 }}>
                      {chosen[language][part].map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </div>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
