// Routing by category at intake, as the hotline procedure says: technical and other → tech support, sales →
// the product division's head. A service-quality call is a complaint: it is refused here and pointed at the
// complaint intake, with the body to send there.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  defaultDepartmentFor,
  DomainError,
  DomainErrorCode,
  type CaseRouting,
  type Category,
  type Channel,
} from '@caseflow/domain';
import type { API_COMPLAINT_SOURCES } from '../complaints/dto/create-complaint.dto';
import type { CreateCaseDto } from './dto/create-case.dto';

/** Where a complaint that came in by each intake channel says it came from. */
const COMPLAINT_SOURCE: Record<Channel, (typeof API_COMPLAINT_SOURCES)[number]> = {
  phone: 'phone',
  web: 'web',
  email: 'email',
  walk_in: 'walk_in',
  // An engineer passing on what a customer told them is a phone complaint to the desk.
  engineer_direct: 'phone',
};

@Injectable()
export class CaseRouter {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new case's routing; a service-quality call is refused (422 naming `category`): it is a complaint. */
  intake(body: CreateCaseDto, branchId: string | undefined): Promise<CaseRouting> {
    if (body.category === 'service') throw serviceQualityIsAComplaint(body);
    return this.route(body.category, branchId);
  }

  /**
   * The department of the category, its unit in the branch (a department-kind org unit; the oldest when
   * there are several; with no branch, a unit of no branch) and that unit's head when active. No unit or
   * no active head: `headId: null`, nobody to tell; the case is logged all the same.
   */
  async route(category: Exclude<Category, 'service'>, branchId: string | undefined): Promise<CaseRouting> {
    const department = defaultDepartmentFor(category);
    const rows: { id: string; name: string; head_id: string | null; head_name: string | null }[] =
      await this.db.query(
        `SELECT u."id", u."name", h."id" AS "head_id", h."name" AS "head_name"
           FROM "org_units" u LEFT JOIN "staff" h ON h."id" = u."head_id" AND h."active"
          WHERE u."kind" = 'department' AND u."department" = $1 AND u."branch_id" IS NOT DISTINCT FROM $2
          ORDER BY u."created_at", u."id"
          LIMIT 1`,
        [department, branchId ?? null],
      );
    const unit = rows[0];
    return {
      department,
      unitId: unit?.id ?? null,
      unitName: unit?.name ?? null,
      headId: unit?.head_id ?? null,
      headName: unit?.head_name ?? null,
    };
  }
}

/**
 * A service-quality call is a complaint (the procedure's fourth box): not a service request. The 422 names
 * `category`, says where to log it, and carries the complaint intake's body in `details.suggested`.
 */
export function serviceQualityIsAComplaint(body: CreateCaseDto): DomainError {
  return new DomainError(DomainErrorCode.ValidationFailed, 'A service-quality call is a complaint', {
    errors: {
      category: [
        'a service-quality call is a complaint: log it with POST /api/complaints ' +
          '(details.suggested is the body to send there), not as a service request or inquiry',
      ],
    },
    logAt: 'POST /api/complaints',
    suggested: {
      source: COMPLAINT_SOURCE[body.channel],
      category: 'service',
      // The answer is promised within 2 h for a simple complaint: the operator may make it complex.
      complexity: 'simple',
      ...(body.customer
        ? {
            customer: {
              name: body.customer.name,
              phone: body.customer.phone,
              ...(body.customer.address ? { address: body.customer.address } : {}),
              tier: body.customer.tier,
            },
          }
        : {}),
      ...(body.customerId ? { customerId: body.customerId } : {}),
      ...(body.contactId ? { contactId: body.contactId } : {}),
      ...(body.siteId ? { siteId: body.siteId } : {}),
      description: body.description,
      ...(body.branchId ? { branchId: body.branchId } : {}),
      ...(body.receivedAt ? { receivedAt: body.receivedAt } : {}),
    },
  });
}
