import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerTier } from '@caseflow/domain';

export type CustomerKind = 'person' | 'organisation';

/**
 * A customer: a person or an organisation, with its contacts, sites and equipment. Cases and complaints name
 * it by id (`customer_id`) beside the snapshot of name and phone they keep. A merged duplicate stays, pointing
 * at the record it was merged into, so old links still answer.
 */
@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', default: 'person' })
  kind: CustomerKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'standard' })
  tier: CustomerTier;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  /** Erased on request: its personal fields, and their copies on cases, complaints and callbacks, anonymised. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Someone to reach at a customer: phones and e-mails, the language messages to them are written in, and
 * their consent to care messages (holiday greetings, company news) — `language` and `consent` are what a care
 * campaign reads.
 */
@Entity({ name: 'customer_contacts' })
export class CustomerContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  name: string;

  /** Normalised: digits with an optional leading +. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  phones: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails: string[];

  @Column({ type: 'text', default: 'zh-CN' })
  language: 'zh-CN' | 'en';

  /** Consent to care messages; withdrawn at once when set false. */
  @Column({ type: 'boolean', default: false })
  consent: boolean;

  @Column({ name: 'consent_changed_at', type: 'timestamptz', nullable: true })
  consentChangedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A place where the customer is served: an address, optionally the branch serving it. */
@Entity({ name: 'customer_sites' })
export class CustomerSiteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text', nullable: true })
  label: string | null;

  @Column({ type: 'text' })
  address: string;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A machine the customer has installed: model, serial number, install date, end of warranty. */
@Entity({ name: 'customer_equipment' })
export class CustomerEquipmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'site_id', type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ type: 'text' })
  model: string;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber: string | null;

  @Column({ name: 'installed_on', type: 'date', nullable: true })
  installedOn: string | null;

  @Column({ name: 'warranty_ends_on', type: 'date', nullable: true })
  warrantyEndsOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
