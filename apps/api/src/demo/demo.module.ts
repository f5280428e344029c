import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { StaffModule } from '../staff/staff.module';
import { DemoOrganisationService } from './demo-organisation.service';

@Module({
  imports: [BranchesModule, OrganisationModule, StaffModule],
  providers: [DemoOrganisationService],
  exports: [DemoOrganisationService],
})
export class DemoModule {}
