/**
 * SOC 2018 detailed occupations that OEWS and Employment Projections publish only together, under a BLS
 * aggregate code. Survey answers, the CIP-SOC crosswalk and O*NET use the detailed codes; wages, staffing
 * patterns and openings exist only for the aggregate. Written to `cfg_soc_aggregates` for the models.
 */
export const SOC_AGGREGATES: readonly {
  readonly code: string;
  readonly title: string;
  readonly members: readonly string[];
}[] = [
  { code: '13-1020', title: 'Buyers and Purchasing Agents', members: ['13-1021', '13-1022', '13-1023'] },
  { code: '13-2020', title: 'Property Appraisers and Assessors', members: ['13-2022', '13-2023'] },
  {
    code: '21-1018',
    title: 'Substance Abuse, Behavioral Disorder, and Mental Health Counselors',
    members: ['21-1011', '21-1014'],
  },
  {
    code: '25-2052',
    title: 'Special Education Teachers, Kindergarten and Elementary School',
    members: ['25-2055', '25-2056'],
  },
  {
    code: '25-9045',
    title: 'Teaching Assistants, Except Postsecondary',
    members: ['25-9042', '25-9043', '25-9049'],
  },
  {
    code: '29-2010',
    title: 'Clinical Laboratory Technologists and Technicians',
    members: ['29-2011', '29-2012'],
  },
  { code: '31-1120', title: 'Home Health and Personal Care Aides', members: ['31-1121', '31-1122'] },
  { code: '39-7010', title: 'Tour and Travel Guides', members: ['39-7011', '39-7012'] },
  {
    code: '47-4090',
    title: 'Miscellaneous Construction and Related Workers',
    members: ['47-4091', '47-4099'],
  },
  {
    code: '51-2028',
    title:
      'Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers',
    members: ['51-2022', '51-2023'],
  },
  { code: '51-2090', title: 'Miscellaneous Assemblers and Fabricators', members: ['51-2092', '51-2099'] },
  {
    code: '53-1047',
    title:
      'First-Line Supervisors of Transportation and Material Moving Workers, Except Aircraft Cargo Handling Supervisors',
    members: ['53-1042', '53-1043', '53-1044', '53-1049'],
  },
];

/** Rows of `cfg_soc_aggregates`: soc_code, oews_soc_code, oews_soc_title. */
export function socAggregateRows(): [string, string, string][] {
  return SOC_AGGREGATES.flatMap((a) => a.members.map((m): [string, string, string] => [m, a.code, a.title]));
}
