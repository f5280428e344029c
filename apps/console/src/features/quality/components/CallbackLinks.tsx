import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Callback } from '../api/callbacks';

/** Where an unsatisfied callback went: the case reopening, and the complaint it raised. */
export function CallbackLinks({
  callback,
}: {
  callback: Pick<Callback, 'reopenedCaseNumber' | 'complaintNumber'>;
}) {
  const { t } = useTranslation();
  return (
    <>
      {callback.reopenedCaseNumber && (
        <Typography.Text>
          {t('quality.attempt.reopened')}{' '}
          <Link to={`/cases/${encodeURIComponent(callback.reopenedCaseNumber)}`}>
            {callback.reopenedCaseNumber}
          </Link>
        </Typography.Text>
      )}
      {callback.complaintNumber && (
        <Typography.Text>
          {t('quality.attempt.complaint')}{' '}
          <Link to={`/complaints/${encodeURIComponent(callback.complaintNumber)}`}>
            {callback.complaintNumber}
          </Link>
        </Typography.Text>
      )}
    </>
  );
}
