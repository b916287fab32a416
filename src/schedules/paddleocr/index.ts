/**
 * PaddleOCR's learning-rate wrappers (`ppocr/optimizer/learning_rate.py`, catalog section B'),
 * computed by Paddle's own schedulers (../paddle).
 */
import type { SchedulerDefinition } from '../types';
import { cosine, cyclicalCosine, oneCycle, twoStepCosine } from './definitions';

export const paddleocrSchedulers: SchedulerDefinition[] = [cosine, cyclicalCosine, oneCycle, twoStepCosine];
