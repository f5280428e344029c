// The contract between the certification workflow and its activities: inputs and outputs only.

export interface CertificateTimeInput {
  /** The certification workflow's id: with the expiry it keys every write, so a retry writes nothing twice. */
  workflowId: string;
  certificateId: string;
  /** The expiry the workflow was waiting for (ISO); a certificate renewed since is left alone. */
  expiresAt: string;
}

export interface RemindResult {
  /** Staff ids told (the engineer, and their supervisor when there is one). */
  recipients: string[];
}

export interface WithdrawResult {
  /** False when the certificate had been renewed (or revoked) meanwhile: nothing was changed. */
  withdrawn: boolean;
  /** Open cases flagged for reassignment by the supervisor. */
  flagged: number;
}

export interface StaffActivities {
  /** 30 days before expiry: tells the engineer and their supervisor (outbox, in-app), once per expiry. */
  remindCertificationExpiry(input: CertificateTimeInput): Promise<RemindResult>;
  /** At expiry: the certificate lapses, the engineer leaves the assignment pool, open cases are flagged. */
  expireCertificate(input: CertificateTimeInput): Promise<WithdrawResult>;
  /** After a revocation (already recorded by the API): flags the engineer's open cases, once. */
  settleRevokedCertificate(input: Omit<CertificateTimeInput, 'expiresAt'>): Promise<WithdrawResult>;
}
