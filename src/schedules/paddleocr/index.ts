/**
 * PaddleOCR's learning-rate wrappers (`ppocr/optimizer/learning_rate.py`, catalog section B'),
 * computed by Paddle's own schedulers (../paddle).
 */
import type { SchedulerDefinition } from '../types';
import { cosine } from './definitions';

export const paddleocrSchedulers: SchedulerDefinition[] = [cosine];
