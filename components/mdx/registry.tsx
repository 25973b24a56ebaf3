/**
 * The one map from MDX tags to components. Lessons use these without imports; a tag that is
 * not here makes MDX throw while the page is prerendered, so `next build` fails loudly.
 */
import type { ComponentProps } from 'react';
import * as diagrams from '@/components/diagrams';
import { Callout } from './Callout';
import { Pre } from './CodeBlock';
import { H2, H3 } from './Heading';
import { KnowledgeCheck, ModelAnswer, Question } from './KnowledgeCheck';
import { ResourceFile } from './ResourceFile';
import { Quiz } from '@/components/quiz/Quiz';
import { Exercise } from '@/components/exercise/Exercise';
import { BreakFixLab } from '@/components/break-fix/BreakFixLab';
import { Step, Steps } from './Steps';
import { TryIt } from '@/components/tryit/TryIt';

function Table(props: ComponentProps<'table'>) {
  return <table {...props} />;
}

export const mdxComponents = {
  ...diagrams,
  Callout,
  ResourceFile,
  KnowledgeCheck,
  Question,
  ModelAnswer,
  Quiz,
  Exercise,
  BreakFixLab,
  Steps,
  Step,
  TryIt,
  pre: Pre,
  h2: H2,
  h3: H3,
  table: Table,
};
