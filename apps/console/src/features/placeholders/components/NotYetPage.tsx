import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';

/** Pages that messages link to but a later part of the console fills: say so, and where the API has it. */
export function NotYetPage({ page }: { page: 'complaint' | 'escalations' | 'callbacks' }) {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const api = page === 'complaint' ? `/api/complaints/${number}` : `/api/${page}`;
  return (
    <Result
      status="info"
      title={t(`placeholder.${page}`, { number })}
      subTitle={t('placeholder.notYet', { api })}
    />
  );
}
