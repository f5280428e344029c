import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBranches } from '../../branches/api/get-branches';
import type { Sample } from '../api/samples';

export const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10} %`;

/** A sample's population per branch: served, unreachable twice, eligible, chosen. */
export function BranchTable({ sample }: { sample: Sample }) {
  const { t } = useTranslation();
  const branches = useBranches();
  const name = (id: string) =>
    id === '' ? t('quality.sample.noBranch') : (branches.data?.find((b) => b.id === id)?.name ?? id);
  return (
    <Table
      rowKey="branchId"
      size="small"
      pagination={false}
      dataSource={sample.branches}
      columns={[
        { key: 'branch', title: t('quality.sample.branch'), render: (_, row) => name(row.branchId) },
        { key: 'population', title: t('quality.sample.population'), dataIndex: 'population' },
        { key: 'skipped', title: t('quality.sample.skipped'), dataIndex: 'skipped' },
        { key: 'eligible', title: t('quality.sample.eligible'), dataIndex: 'eligible' },
        { key: 'chosen', title: t('quality.sample.chosen'), dataIndex: 'chosen' },
      ]}
    />
  );
}
