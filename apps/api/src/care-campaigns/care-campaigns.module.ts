import { Module } from '@nestjs/common';
import { CareCampaignsController } from './care-campaigns.controller';
import { CareCampaignsService } from './care-campaigns.service';

@Module({ controllers: [CareCampaignsController], providers: [CareCampaignsService] })
export class CareCampaignsModule {}
