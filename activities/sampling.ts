// The month-end sample's activities: the draw (libs/persistence/src/repositories/month-sample.ts, which the
// API's samples page runs too), the chosen cases a page at a time, and the mark that their callbacks started.
import type { DataSource } from 'typeorm';
import { drawMonthSample } from '@caseflow/persistence';
import type { SampledCase, SamplingActivities } from './callback-types';

export interface SamplingDependencies {
  dataSource: DataSource;
}

export function createSamplingActivities({ dataSource }: SamplingDependencies): SamplingActivities {
  return {
    drawSample: (input) => drawMonthSample(dataSource, input),

    async sampledCases({ sampleId, after, limit }): Promise<SampledCase[]> {
      const rows: {
        case_number: string;
        category: SampledCase['category'];
        customer_name: string;
        customer_phone: string;
        customer_tier: 'standard' | 'gold';
        customer_language: 'zh-CN' | 'en';
        branch_id: string | null;
        assignee_id: string | null;
      }[] = await dataSource.query(
        `SELECT sc."case_number", c."category", c."customer_name", c."customer_phone", c."customer_tier",
                c."customer_language", c."branch_id", c."assignee_id"
           FROM "sample_cases" sc JOIN "cases" c ON c."number" = sc."case_number"
          WHERE sc."sample_id" = $1 AND sc."case_number" COLLATE "C" > $2
          ORDER BY sc."case_number" COLLATE "C" LIMIT $3`,
        [sampleId, after ?? '', limit],
      );
      return rows.map((r) => ({
        caseNumber: r.case_number,
        category: r.category,
        customer: {
          name: r.customer_name,
          phone: r.customer_phone,
          tier: r.customer_tier,
          language: r.customer_language,
        },
        ...(r.branch_id ? { branchId: r.branch_id } : {}),
        ...(r.assignee_id ? { engineerStaffId: r.assignee_id } : {}),
      }));
    },

    async markCallbacksStarted({ sampleId }): Promise<void> {
      await dataSource.query(
        `UPDATE "samples" SET "callbacks_started_at" = now() WHERE "id" = $1 AND "callbacks_started_at" IS NULL`,
        [sampleId],
      );
    },
  };
}
